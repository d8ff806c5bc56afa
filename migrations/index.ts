// Every migration, in order. A static list (not a folder scan) so that the bundled server and
// the command-line tools run exactly the same set.
import type { Migration } from 'kysely';
import * as initial from './20261126_001_initial';
import * as classes from './20261126_002_classes';
import * as statsIndexes from './20261126_003_stats_indexes';
import * as trust from './20261201_002_trust';
import * as security from './20261201_010_security';
import * as contentStore from './20261201_020_content_store';
import * as offline from './20261201_040_offline';
import * as evidence from './20261201_050_evidence';
import * as formerMembers from './20261201_060_former_members';

export const migrations: Record<string, Migration> = {
	'20261126_001_initial': initial,
	'20261126_002_classes': classes,
	'20261126_003_stats_indexes': statsIndexes,
	'20261201_002_trust': trust,
	'20261201_010_security': security,
	'20261201_020_content_store': contentStore,
	'20261201_040_offline': offline,
	'20261201_050_evidence': evidence,
	'20261201_060_former_members': formerMembers
};
