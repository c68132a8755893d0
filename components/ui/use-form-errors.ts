"use client";

import { useState } from "react";

// A form's complaints: messages beside the fields they are about (`errors`) and the rest above the
// submit button (`otherErrors`). `show` puts up a split of either side's complaints (issuesByField,
// serverErrorsByField), `clear` takes them all down before a request is sent.

export interface Problems<Fields> {
  fields: Fields;
  other: string[];
}

export function useFormErrors<Fields extends Partial<Record<string, string>>>() {
  const [errors, setErrors] = useState<Fields>({} as Fields);
  const [otherErrors, setOtherErrors] = useState<string[]>([]);
  const show = ({ fields, other }: Problems<Fields>) => {
    setErrors(fields);
    setOtherErrors(other);
  };
  const clear = () => show({ fields: {} as Fields, other: [] });
  return { errors, otherErrors, setErrors, show, clear };
}
