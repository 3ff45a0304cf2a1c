import { SetMetadata } from '@nestjs/common';
import type { PolicyAction } from '@intelgraph/policy';

/** Metadata key of {@link Action}. */
export const ACTION_METADATA = 'intelgraph:action';
/** Metadata key of {@link Public}. */
export const PUBLIC_METADATA = 'intelgraph:public';
/** Metadata key of {@link RateGroup}. */
export const RATE_GROUP_METADATA = 'intelgraph:rate-group';

/**
 * Declares the policy action a handler performs. The gateway authenticates the caller and asks the
 * policy decision point about the action on the caller's tenant before the handler runs.
 */
export const Action = (action: PolicyAction): MethodDecorator => SetMetadata(ACTION_METADATA, action);

/** Declares a handler open to unauthenticated callers (health, metrics). */
export const Public = (): MethodDecorator => SetMetadata(PUBLIC_METADATA, true);

/** Puts a handler in a rate-limit group (`default` when absent, `governance` for consensus and control actions). */
export const RateGroup = (group: 'default' | 'governance'): MethodDecorator => SetMetadata(RATE_GROUP_METADATA, group);
