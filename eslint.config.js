// ESLint flat config: typescript-eslint's recommended rules (syntax only, no type information needed).
import { defineConfig, globalIgnores } from 'eslint/config';
import tseslint from 'typescript-eslint';

export default defineConfig(globalIgnores(['node_modules/', 'src/generated/**', '.tap/', 'coverage/']), {
  files: ['**/*.{ts,mts,cts,js,mjs,cjs}'],
  extends: [tseslint.configs.recommended],
  linterOptions: { reportUnusedDisableDirectives: 'error' },
  rules: {
    '@typescript-eslint/no-explicit-any': 'error',
    '@typescript-eslint/no-unused-vars': [
      'error',
      {
        argsIgnorePattern: '^_',
        varsIgnorePattern: '^_',
        caughtErrorsIgnorePattern: '^_',
        destructuredArrayIgnorePattern: '^_',
      },
    ],
  },
});
