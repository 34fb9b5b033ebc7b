import type { Command } from '../kernel/decider';
import type { OrganizationRegistered } from './organization.events';

/** Presidency only. */
export type RegisterOrganization = Command<'RegisterOrganization', OrganizationRegistered['data']>;

export type OrganizationCommand = RegisterOrganization;
