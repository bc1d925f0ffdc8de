import { createRouter, createWebHashHistory } from 'vue-router';
import LibraryView from './views/LibraryView.vue';

/** Hash history works the same from file:// (Electron) and from the host. */
export const router = createRouter({
  history: createWebHashHistory(),
  routes: [{ path: '/', name: 'library', component: LibraryView }],
});
