import { createRouter, createWebHashHistory } from 'vue-router';
import ClustersView from './views/ClustersView.vue';
import FacesView from './views/FacesView.vue';
import LibraryView from './views/LibraryView.vue';
import LookalikesView from './views/LookalikesView.vue';
import ModelsView from './views/ModelsView.vue';
import PeopleView from './views/PeopleView.vue';
import PersonView from './views/PersonView.vue';
import PhotoView from './views/PhotoView.vue';
import ReviewView from './views/ReviewView.vue';
import SearchView from './views/SearchView.vue';

/** Hash history works the same from file:// (Electron) and from the host. */
export const router = createRouter({
  history: createWebHashHistory(),
  routes: [
    { path: '/', name: 'library', component: LibraryView },
    // `?at=N` (catalog index, a hint for previous/next), `?face=ID` (highlight), `?from=faces` (Esc target).
    { path: '/photos/:id(\\d+)', name: 'photo', component: PhotoView },
    { path: '/faces', name: 'faces', component: FacesView },
    // What a network sees in a face (activation maps, Grad-CAM): loads on first visit.
    {
      path: '/faces/:id(\\d+)/features',
      name: 'face-features',
      component: () => import('./views/FeatureMapsView.vue'),
    },
    { path: '/clusters', name: 'clusters', component: ClustersView },
    { path: '/review', name: 'review', component: ReviewView },
    { path: '/search', name: 'search', component: SearchView },
    { path: '/people', name: 'people', component: PeopleView },
    { path: '/people/:id(\\d+)', name: 'person', component: PersonView },
    { path: '/lookalikes', name: 'lookalikes', component: LookalikesView },
    // The embedding map's WebGL scatter and its panels load on first visit.
    { path: '/embeddings', name: 'embeddings', component: () => import('./views/EmbeddingsView.vue') },
    { path: '/models', name: 'models', component: ModelsView },
    // The training dashboard loads on first visit: its charts (ECharts) are most of its weight.
    { path: '/training', name: 'training', component: () => import('./views/TrainingView.vue') },
    { path: '/training/runs/:id(\\d+)', name: 'run', component: () => import('./views/RunView.vue') },
    {
      path: '/training/runs/:id(\\d+)/report',
      name: 'run-report',
      component: () => import('./views/RunReportView.vue'),
    },
    // `?runs=1,2`: the runs compared.
    {
      path: '/training/compare',
      name: 'compare-runs',
      component: () => import('./views/CompareRunsView.vue'),
    },
  ],
});
