import type { Actions } from './$types';
import { requestPasswordReset } from '$lib/server/auth/accounts';
import { echo, emailForm, readForm } from '$lib/server/auth/forms';
import { accountFailure, clientOf } from '$lib/server/http/auth';

export const actions: Actions = {
  default: async (event) => {
    const form = await event.request.formData();
    try {
      const { email } = readForm(emailForm, form);
      await requestPasswordReset(clientOf(event), email);
      return { sent: email };
    } catch (error) {
      return accountFailure(error, event, echo(form, 'email'));
    }
  }
};
