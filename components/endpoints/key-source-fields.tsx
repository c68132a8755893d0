import { Field, INPUT_CLASS } from "./field";
import type { FormErrors } from "./field-errors";
import type { EndpointFormState } from "./form-state";

type SecretKeyStatus = "set" | "missing" | "invalid";

const SECRET_KEY_NOTE: Record<SecretKeyStatus, string> = {
  set: "Encrypted on the server (AES-256-GCM under CAI_SECRET_KEY); it is never shown again.",
  missing: "Storing a key needs CAI_SECRET_KEY in the server's environment (for example the output of openssl rand -hex 32). Without it, name an environment variable instead.",
  invalid: "CAI_SECRET_KEY is set but is not 32 bytes as hex or base64, so keys cannot be stored. Fix it, or name an environment variable instead.",
};

/** Where the API key comes from. A typed key is write-only: the form never receives one back. */
export function KeySourceFields({
  form,
  set,
  errors,
  hasStoredKey,
  secretKey,
}: {
  form: EndpointFormState;
  set: <K extends keyof EndpointFormState>(key: K, value: EndpointFormState[K]) => void;
  errors: FormErrors;
  hasStoredKey: boolean;
  secretKey: SecretKeyStatus;
}) {
  const choices = [
    { value: "none", label: "No key (a local server)" },
    { value: "env", label: "From an environment variable" },
    { value: "stored", label: hasStoredKey ? "Stored key" : "Paste a key to store" },
  ] as const;
  return (
    <fieldset className="space-y-3 sm:col-span-2">
      <legend className="font-medium text-stone-900">API key</legend>
      <div className="flex flex-wrap gap-x-5 gap-y-1">
        {choices.map((choice) => (
          <label key={choice.value} className="flex items-center gap-2">
            <input type="radio" name="key-source" value={choice.value} checked={form.keySource === choice.value} onChange={() => set("keySource", choice.value)} className="size-4" />
            {choice.label}
          </label>
        ))}
      </div>
      {form.keySource === "env" && (
        <Field label="Environment variable" hint="Its name only, e.g. OPENAI_API_KEY. The studio and every worker read it from their environment." error={errors.keyEnv}>
          {(props) => (
            <input
              {...props}
              value={form.keyEnv}
              onChange={(e) => set("keyEnv", e.target.value)}
              placeholder="OPENAI_API_KEY"
              className={`${INPUT_CLASS} font-mono`}
              autoComplete="off"
              spellCheck={false}
            />
          )}
        </Field>
      )}
      {form.keySource === "stored" && (
        <Field
          label={hasStoredKey ? "Replace the stored key" : "Key to store"}
          hint={hasStoredKey ? `A key is stored. Leave this empty to keep it. ${SECRET_KEY_NOTE[secretKey]}` : SECRET_KEY_NOTE[secretKey]}
          error={errors.keyValue}
        >
          {(props) => (
            <input
              {...props}
              type="password"
              value={form.keyValue}
              onChange={(e) => set("keyValue", e.target.value)}
              placeholder={hasStoredKey ? "key stored: leave empty to keep it" : "sk-..."}
              className={`${INPUT_CLASS} font-mono`}
              autoComplete="off"
              spellCheck={false}
            />
          )}
        </Field>
      )}
    </fieldset>
  );
}
