import { Field, ID, Int, ObjectType } from '@nestjs/graphql';
import { JsonScalar } from '../json.scalar.js';

@ObjectType('PlaybookVersion')
export class PlaybookVersionType {
  @Field(() => ID) id!: string;
  @Field(() => ID) playbookId!: string;
  @Field(() => Int) number!: number;
  @Field() status!: string;
  @Field(() => JsonScalar) steps!: unknown;
  @Field(() => JsonScalar) triggers!: unknown;
  @Field(() => Date, { nullable: true }) publishedAt!: Date | null;
  @Field(() => Int) version!: number;
  @Field() createdAt!: Date;
}

/** A playbook (its versions and runs hang off it). */
@ObjectType('Playbook')
export class PlaybookType {
  @Field(() => ID) id!: string;
  @Field() name!: string;
  @Field() description!: string;
  @Field() status!: string;
  @Field() classification!: string;
  @Field(() => ID, { nullable: true }) publishedVersionId!: string | null;
  @Field(() => Int) version!: number;
  @Field() createdAt!: Date;
}

@ObjectType('PlaybookRun')
export class PlaybookRunType {
  @Field(() => ID) id!: string;
  @Field(() => ID) playbookId!: string;
  @Field(() => ID) versionId!: string;
  @Field() status!: string;
  @Field(() => JsonScalar) stepResults!: unknown;
  @Field() startedBy!: string;
  @Field(() => Date, { nullable: true }) finishedAt!: Date | null;
  @Field(() => Int) version!: number;
  @Field() createdAt!: Date;
}

@ObjectType('PlaybookPage')
export class PlaybookPageType {
  @Field(() => [PlaybookType]) items!: PlaybookType[];
  @Field(() => String, { nullable: true }) nextCursor!: string | null;
}

@ObjectType('PlaybookVersionPage')
export class PlaybookVersionPageType {
  @Field(() => [PlaybookVersionType]) items!: PlaybookVersionType[];
  @Field(() => String, { nullable: true }) nextCursor!: string | null;
}

@ObjectType('PlaybookRunPage')
export class PlaybookRunPageType {
  @Field(() => [PlaybookRunType]) items!: PlaybookRunType[];
  @Field(() => String, { nullable: true }) nextCursor!: string | null;
}
