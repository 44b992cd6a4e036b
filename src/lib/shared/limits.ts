// Limits shared by the zod schemas and the forms, so the UI and the server never disagree.
export const limits = {
  passwordMin: 10,
  passwordMax: 128,
  nameMax: 80,
  emailMax: 254,
  tokenNameMax: 60,
  communityNameMax: 120,
  slugMax: 60,
  summaryMax: 300,
  charterFieldMax: 4000,
  tagMax: 60,
  tagsMax: 20,
  joinQuestionMax: 300,
  requestMessageMax: 1000,
  welcomeMessageMax: 4000,
  handoverNoteMax: 2000,
  invitationsMax: 200,
  invitationDays: 14
} as const;
