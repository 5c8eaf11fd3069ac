import { defineStore } from 'pinia';
import { ref } from 'vue';
import { get } from '../api/http';
import type { SetupStatusDTO } from '../../../lib/protocol/http.js';

/**
 * What is not set up yet that visitors would notice (admins only): offline forms promising an
 * answer by e-mail while no mail server is configured. Read at start and after a website is saved.
 */
export const useSetup = defineStore('setup', () => {
  const status = ref<SetupStatusDTO | null>(null);
  async function load() {
    status.value = await get<SetupStatusDTO>('/api/setup-status').catch(() => null);
  }
  /** The websites whose visitors are promised an e-mail that cannot be sent. */
  const brokenPromises = () => (status.value && !status.value.mailConfigured ? status.value.websitesPromisingEmail : []);
  return { status, load, brokenPromises };
});
