export { appConfig, ConfigError, loadAppConfig, type AppConfig } from './app.config';
