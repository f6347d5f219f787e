/** The rule set a config asks for: its packs and its overrides, plus packs given on the command line. */
import { loadRuleSet } from '../analysis/rules/load.js';
import { RuleLoadError, RuleLoadErrors } from '../analysis/rules/errors.js';
import type { RuleSet } from '../analysis/rules/rule-set.js';
import { ConfigError } from './errors.js';
import type { LoadedConfig } from './load-config.js';

export function loadConfiguredRules(config: LoadedConfig | undefined, extraDirs: string[] = []): RuleSet {
  if (!config) return loadRuleSet({ dirs: extraDirs });
  try {
    return loadRuleSet({ builtin: config.config.rules.builtin, dirs: [...config.packDirs, ...extraDirs], overrides: config.overrides });
  } catch (e) {
    // An override naming no loaded rule is the config's mistake: say which file and field.
    if (e instanceof RuleLoadErrors) {
      const own = e.errors.find((r) => r.file === 'config');
      if (own) throw new ConfigError(config.file, `rule "${own.ruleId}": ${own.problem}`, overrideField(config, own.ruleId));
    }
    if (e instanceof RuleLoadError && e.file === 'config') throw new ConfigError(config.file, e.problem, 'rules');
    throw e;
  }
}

function overrideField(config: LoadedConfig, id: string | undefined): string {
  const r = config.config.rules;
  if (id && r.disable.includes(id)) return `rules.disable[${r.disable.indexOf(id)}]`;
  if (id && id in r.severity) return `rules.severity.${id}`;
  if (id && id in r.extend) return `rules.extend.${id}`;
  return 'rules';
}
