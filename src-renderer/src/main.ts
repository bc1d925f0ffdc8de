import { createPinia } from 'pinia';
import { createApp } from 'vue';
import App from './App.vue';
import { i18n } from './i18n';
import './styles/views.css';
import './styles/forms.css';
import './styles/feature-panels.css';
import './styles/run-pages.css';
import { router } from './router';

createApp(App).use(createPinia()).use(router).use(i18n).mount('#app');
