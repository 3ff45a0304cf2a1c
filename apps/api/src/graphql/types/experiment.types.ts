import { Field, ID, Int, ObjectType } from '@nestjs/graphql';
import { JsonScalar } from '../json.scalar.js';

@ObjectType('ExperimentVariant')
export class ExperimentVariantType {
  @Field(() => ID) id!: string;
  @Field() key!: string;
  @Field() weight!: number;
}

/** An A/B experiment. */
@ObjectType('Experiment')
export class ExperimentType {
  @Field(() => ID) id!: string;
  @Field() name!: string;
  @Field() hypothesis!: string;
  @Field() status!: string;
  @Field() classification!: string;
  @Field(() => [ExperimentVariantType]) variants!: ExperimentVariantType[];
  @Field(() => JsonScalar, { nullable: true }) guardrail!: unknown;
  @Field(() => String, { nullable: true }) conclusion!: string | null;
  @Field(() => Int) version!: number;
  @Field() createdAt!: Date;
}

@ObjectType('ExperimentPage')
export class ExperimentPageType {
  @Field(() => [ExperimentType]) items!: ExperimentType[];
  @Field(() => String, { nullable: true }) nextCursor!: string | null;
}

@ObjectType('VariantResult')
export class VariantResultType {
  @Field(() => ID) variantId!: string;
  @Field() variantKey!: string;
  @Field() metric!: string;
  @Field(() => Int) count!: number;
  @Field(() => Number, { nullable: true }) mean!: number | null;
  @Field(() => Number, { nullable: true }) stddev!: number | null;
}

@ObjectType('ObservationOutcome')
export class ObservationOutcomeType {
  @Field(() => ID) observationId!: string;
  @Field(() => ExperimentType) experiment!: ExperimentType;
  @Field(() => VariantResultType, { nullable: true }) guardrailBreach!: VariantResultType | null;
}
