// Limits shared by the zod schemas and the forms, so the UI and the server never disagree.
export const limits = {
  passwordMin: 10,
  passwordMax: 128,
  nameMax: 80,
  emailMax: 254,
  tokenNameMax: 60
} as const;
