import { Field, ID, Int, ObjectType } from '@nestjs/graphql';
import { JsonScalar } from '../json.scalar.js';

/** One audit event (read-only). */
@ObjectType('AuditEvent')
export class AuditEventType {
  @Field(() => ID) id!: string;
  @Field(() => Int) sequence!: number;
  @Field(() => JsonScalar) actor!: unknown;
  @Field() action!: string;
  @Field() resourceType!: string;
  @Field(() => String, { nullable: true }) resourceId!: string | null;
  @Field() outcome!: string;
  @Field(() => JsonScalar) decision!: unknown;
  @Field(() => String, { nullable: true }) requestId!: string | null;
  @Field(() => JsonScalar) changes!: unknown;
  @Field() occurredAt!: Date;
  @Field() hash!: string;
}

@ObjectType('AuditEventPage')
export class AuditEventPageType {
  @Field(() => [AuditEventType]) items!: AuditEventType[];
  @Field(() => String, { nullable: true }) nextCursor!: string | null;
}
