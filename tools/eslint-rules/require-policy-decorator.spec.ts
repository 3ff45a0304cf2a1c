import { createRequire } from 'node:module';
import { RuleTester, type Rule } from 'eslint';
import tseslint from 'typescript-eslint';

const require = createRequire(__filename);
const rule = require('./require-policy-decorator.cjs') as Rule.RuleModule;

const tester = new RuleTester({ languageOptions: { parser: tseslint.parser, ecmaVersion: 2022, sourceType: 'module' } });

// RuleTester declares its own describe/it blocks (one test per case) when jest's globals exist.
tester.run('require-policy-decorator', rule, {
  valid: [
    `@Controller('loops') class A { @Action('loop:read') @Get() list() {} @Public() @Get('x') open() {} helper() {} }`,
    `@Resolver() class R { @Action('loop:read') @Query(() => String) loops() {} }`,
    `class NotAController { @Get() list() {} }`,
    `@Controller() class B { @common.Get() @auth.Public() x() {} }`,
  ],
  invalid: [
    { code: `@Controller('loops') class A { @Get() list() {} }`, errors: [{ messageId: 'missing', data: { name: 'list' } }] },
    { code: `@Controller() class A { @Post() @HttpCode(200) create() {} @Action('loop:read') @Get() ok() {} }`, errors: [{ messageId: 'missing' }] },
    { code: `@Resolver() class R { @Mutation(() => String) castVote() {} @Query(() => String) loops() {} }`, errors: [{ messageId: 'missing' }, { messageId: 'missing' }] },
    { code: `@Controller() class A { @Patch(':id') @RateGroup('governance') patch() {} }`, errors: [{ messageId: 'missing' }] },
  ],
});
