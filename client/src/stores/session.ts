import { defineStore } from 'pinia';
import { computed, ref } from 'vue';
import { get, patch, post, put, setCsrfToken } from '../api/http';
import type { Profile } from '../api/types';

/** Who is signed in, their role's abilities and their own preferences (sounds). */
export const useSession = defineStore('session', () => {
  const profile = ref<Profile | null>(null);
  const checked = ref(false);

  const role = computed(() => profile.value?.role ?? null);
  const canWrite = computed(() => role.value === 'agent' || role.value === 'super_admin');
  const isAdmin = computed(() => role.value === 'super_admin');
  const prefs = computed(() => (profile.value?.preferences ?? {}) as { newChatSound?: boolean; newMessageSound?: boolean });
  const newChatSound = computed(() => prefs.value.newChatSound !== false);
  const newMessageSound = computed(() => prefs.value.newMessageSound !== false);

  async function restore() {
    try {
      const me = await get<{ user: Profile; csrfToken: string }>('/api/auth/me');
      profile.value = me.user;
      setCsrfToken(me.csrfToken);
    } catch {
      profile.value = null;
    }
    checked.value = true;
  }

  async function login(email: string, password: string) {
    const res = await post<{ user: Profile; csrfToken: string }>('/api/auth/login', { email, password });
    profile.value = res.user;
    setCsrfToken(res.csrfToken);
  }

  async function logout() {
    await post('/api/auth/logout').catch(() => {});
    profile.value = null;
    setCsrfToken(null);
  }

  async function savePreferences(preferences: Record<string, boolean>) {
    const res = await patch<{ profile: Profile }>('/api/profile', { preferences });
    profile.value = res.profile;
  }

  /** The user's own new password; one the CLI set for them no longer has to be replaced. */
  async function changePassword(currentPassword: string, newPassword: string) {
    await put('/api/profile/password', { currentPassword, newPassword });
    if (profile.value) profile.value = { ...profile.value, mustChangePassword: false };
  }

  function setProfile(p: Profile) {
    profile.value = p;
  }

  /** The server ended this sign-in (expired, signed out elsewhere): nobody is signed in here any more. */
  function ended() {
    profile.value = null;
  }

  return { profile, checked, role, canWrite, isAdmin, newChatSound, newMessageSound, restore, login, logout, savePreferences, changePassword, setProfile, ended };
});
