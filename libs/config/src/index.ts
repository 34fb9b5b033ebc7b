export {
  appConfig,
  ConfigError,
  loadAppConfig,
  type AppConfig,
  type LimitsConfig,
} from './app.config';
