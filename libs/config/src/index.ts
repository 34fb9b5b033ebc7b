export { appConfig, loadAppConfig, type AppConfig } from './app.config';
