export { createApp, PLATFORM_ACTOR } from './app.factory.js';
export type { CreateAppOptions, CreatedApp } from './app.factory.js';
export { apiSettingsFromEnv, DEV_JWT_SECRET } from './config/api.settings.js';
export type { ApiSettings, JwtSettings } from './config/api.settings.js';
export { Action, Public, RateGroup } from './auth/policy.decorators.js';
export type { ApiActor } from './auth/actor.types.js';
