import { createRouter, createWebHashHistory } from 'vue-router';
import FacesView from './views/FacesView.vue';
import LibraryView from './views/LibraryView.vue';
import ModelsView from './views/ModelsView.vue';
import PhotoView from './views/PhotoView.vue';

/** Hash history works the same from file:// (Electron) and from the host. */
export const router = createRouter({
  history: createWebHashHistory(),
  routes: [
    { path: '/', name: 'library', component: LibraryView },
    // `?at=N` (catalog index, a hint for previous/next), `?face=ID` (highlight), `?from=faces` (Esc target).
    { path: '/photos/:id(\\d+)', name: 'photo', component: PhotoView },
    { path: '/faces', name: 'faces', component: FacesView },
    { path: '/models', name: 'models', component: ModelsView },
  ],
});
