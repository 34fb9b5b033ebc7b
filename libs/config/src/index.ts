export { appConfig, loadAppConfig, type AppConfig, type LimitsConfig } from './app.config';
