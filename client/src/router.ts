import { createRouter, createWebHistory } from 'vue-router';
import { useSession } from './stores/session';
import LoginView from './views/LoginView.vue';
import AppShell from './components/AppShell.vue';
import WorkspaceView from './views/WorkspaceView.vue';

/** The workspace loads with the first page; visitors, settings, admin and reports only when opened. */
export const router = createRouter({
  history: createWebHistory(),
  routes: [
    { path: '/login', name: 'login', component: LoginView, meta: { public: true } },
    // Outside the shell: nothing else loads (no socket, no lists) until a password the CLI set is replaced.
    { path: '/password', name: 'password', component: () => import('./views/ChangePasswordView.vue') },
    {
      path: '/',
      component: AppShell,
      children: [
        { path: '', name: 'workspace', component: WorkspaceView },
        { path: 'visitors', name: 'visitors', component: () => import('./views/VisitorsView.vue') },
        { path: 'history', name: 'history', component: () => import('./views/HistoryView.vue') },
        { path: 'knowledge', name: 'knowledge', component: () => import('./views/KnowledgeView.vue') },
        { path: 'analytics', name: 'analytics', component: () => import('./views/AnalyticsView.vue') },
        { path: 'settings', name: 'settings', component: () => import('./views/SettingsView.vue') },
        { path: 'routing', name: 'routing', component: () => import('./views/RoutingView.vue'), meta: { admin: true } },
        { path: 'admin', name: 'admin', component: () => import('./views/AdminView.vue'), meta: { admin: true } },
        { path: 'admin/webhooks', name: 'webhooks', component: () => import('./views/WebhooksView.vue'), meta: { admin: true } },
        { path: 'admin/audit', name: 'audit', component: () => import('./views/AuditView.vue'), meta: { admin: true } },
        { path: 'admin/triggers', name: 'triggers', component: () => import('./views/TriggersView.vue'), meta: { admin: true } },
      ],
    },
    { path: '/:rest(.*)*', redirect: '/' },
  ],
});

router.beforeEach(async (to) => {
  const session = useSession();
  if (!session.checked) await session.restore();
  if (!to.meta.public && !session.profile) return { name: 'login', query: to.fullPath !== '/' ? { next: to.fullPath } : {} };
  if (session.profile?.mustChangePassword && to.name !== 'password') return { name: 'password', query: to.fullPath !== '/' && to.name !== 'login' ? { next: to.fullPath } : {} };
  if (to.name === 'password' && !session.profile?.mustChangePassword) return { name: 'workspace' };
  if (to.name === 'login' && session.profile) return { name: 'workspace' };
  if (to.meta.admin && session.role !== 'super_admin') return { name: 'workspace' };
  return true;
});
