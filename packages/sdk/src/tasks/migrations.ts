import type { Migration } from '../store/port.js';

/**
 * The tasks table (`0021_tasks`): one row per task, keyed by its account and
 * id like every record under an account (docs/access.md), the assignee beside
 * them for "my tasks", the JSON record in `data`. A task write advances the
 * data generation: the stored month results hold every owner's agenda, and a
 * filed weekly visit plan settles the weekly duty on it (a plain task changes
 * no figure, but a generation per write is simpler than telling the two apart
 * in a trigger, and costs one recomputation of a stored month).
 */
export const taskMigrations: readonly Migration[] = [
  {
    id: '0021_tasks',
    sql: `
CREATE TABLE tasks (
  id text NOT NULL,
  account_id text NOT NULL,
  assignee_id text NOT NULL,
  data jsonb NOT NULL,
  PRIMARY KEY (account_id, id)
);
CREATE INDEX tasks_assignee ON tasks (assignee_id);
${(['INSERT', 'UPDATE', 'DELETE'] as const)
  .map(
    (event) => `CREATE TRIGGER tasks_data_${event.toLowerCase()} AFTER ${event} ON tasks
  REFERENCING ${event === 'DELETE' ? 'OLD' : 'NEW'} TABLE AS changed FOR EACH STATEMENT EXECUTE FUNCTION kamkit_data_changed();`,
  )
  .join('\n')}
`,
  },
];
