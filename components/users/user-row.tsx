"use client";

import { useRouter } from "next/navigation";
import { useState, type FormEvent } from "react";
import { INPUT_CLASS } from "@/components/endpoints/field";
import { Button } from "@/components/ui/button";
import { formatDateTime } from "@/components/ui/format";
import { ROLES, roleName, type Role } from "@/lib/auth/roles";
import { PASSWORD_MIN } from "@/lib/schemas/users";
import { messageWithoutField } from "@/components/ui/form-errors";
import { changeRole, resetPassword } from "./api";

export interface UserRowData {
  id: string;
  email: string;
  name: string;
  role: Role;
  createdAt: string;
}

/** One person: their role (changed as soon as it is picked) and a password reset. */
export function UserRow({ user, isYou }: { user: UserRowData; isYou: boolean }) {
  const router = useRouter();
  const [message, setMessage] = useState<{ text: string; error: boolean } | null>(null);
  const [resetting, setResetting] = useState(false);
  const [pending, setPending] = useState(false);

  async function act(work: () => Promise<void>, done: string) {
    setPending(true);
    setMessage(null);
    try {
      await work();
      setMessage({ text: done, error: false });
      router.refresh();
    } catch (error) {
      setMessage({ text: messageWithoutField(error as Error), error: true });
    }
    setPending(false);
  }

  function submitPassword(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const password = String(new FormData(event.currentTarget).get("password") ?? "");
    if (password.length < PASSWORD_MIN) return setMessage({ text: `The password must be at least ${PASSWORD_MIN} characters.`, error: true });
    void act(
      async () => {
        await resetPassword(user.id, password);
        setResetting(false);
      },
      isYou ? "Your password is changed." : "Password changed; they are signed out everywhere.",
    );
  }

  return (
    <tr className="border-t border-stone-200 align-top">
      <td className="py-2 pr-4 font-medium text-stone-900">
        {user.email}
        {isYou && <span className="ml-2 text-sm font-normal text-stone-600">(you)</span>}
      </td>
      <td className="py-2 pr-4">{user.name}</td>
      <td className="py-2 pr-4">
        <select
          aria-label={`Role of ${user.email}`}
          value={user.role}
          disabled={pending}
          onChange={(event) => void act(() => changeRole(user.id, event.target.value), `Now ${roleName(event.target.value as Role)}.`)}
          className={`${INPUT_CLASS} mt-0 w-32`}
        >
          {ROLES.map((role) => (
            <option key={role} value={role}>
              {roleName(role)}
            </option>
          ))}
        </select>
      </td>
      <td className="py-2 pr-4 whitespace-nowrap text-stone-600">{formatDateTime(user.createdAt)}</td>
      <td className="py-2">
        {resetting ? (
          <form onSubmit={submitPassword} className="flex flex-wrap items-center gap-2" aria-label={`New password for ${user.email}`}>
            <input name="password" type="password" autoComplete="new-password" aria-label="New password" className={`${INPUT_CLASS} mt-0 w-44`} />
            <Button type="submit" disabled={pending}>
              Set password
            </Button>
            <Button variant="secondary" onClick={() => setResetting(false)}>
              Cancel
            </Button>
          </form>
        ) : (
          <Button variant="secondary" onClick={() => setResetting(true)}>
            Reset password
          </Button>
        )}
        {message && (
          <p role={message.error ? "alert" : "status"} className={`mt-1 text-sm font-medium ${message.error ? "text-red-800" : "text-green-800"}`}>
            {message.text}
          </p>
        )}
      </td>
    </tr>
  );
}
