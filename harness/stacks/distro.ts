// The distro stack: OpenStack from Debian's packages, set up by dockerfiles/distro/'s own
// dockenstack-* scripts. Offline but for Debian's mirror; its daemons are started by the scripts,
// so its PID 1 only has to reap them.
import { resolve } from 'node:path';
import { PROJECT_ROOT } from '../project-root.ts';
import { testIdsPathOf } from './debian-release.ts';
import { CONTAINER_PATHS, type StackKind } from './stack-kind.ts';

export const DISTRO: StackKind = {
  name: 'distro',
  // dockenstack-stack sets up our Docker driver (the default) and nova's fake one
  // (dockerfiles/distro/driver/); any other needs --driver-src.
  virtDrivers: ['docker', 'fake'],
  scriptVirtDrivers: ['docker', 'fake'],
  // Debian's python3-tempest of the release, whose test ids are listed in tempest-filters/.
  knownTempest: (release) => ({ label: `Tempest ${release.tempest} (Debian ${release.suite}'s)`, testIdsPath: testIdsPathOf(release, PROJECT_ROOT) }),
  networkUrls: () => [],
  describeNetwork: () => "Debian's mirror only",
  imageInputs: (baseImageTag) => ({
    contextDir: resolve(PROJECT_ROOT, 'dockerfiles', 'distro'),
    repository: 'dockenstack-distro',
    buildArgs: { BASE_IMAGE: baseImageTag },
    checkout: undefined,
  }),
  container: { command: ['sleep', 'infinity'], init: true },
  localConfPath: `${CONTAINER_PATHS.etc}/local.conf`,
  afterFilesIn: [],
  stackCommand: ['dockenstack-stack'],
  restartCommand: ['dockenstack-restart'],
  verifyCommand: ['dockenstack-verify'],
  tempestCommand: ['dockenstack-tempest'],
  takesTestCosts: true,
  collectCommand: ['dockenstack-collect', CONTAINER_PATHS.collectDir],
  driverSets: [],
  driverBind: (_statements, hostPath) => `${hostPath}:/opt/driver-src:ro`,
  // keystone under uwsgi on its own port (dockenstack-service).
  identityUrl: (hostIp) => `http://${hostIp}:5000/v3`,
  // Debian's openstack-dashboard at the root, under uwsgi on port 80 (dockenstack-horizon).
  dashboardUrl: (hostIp) => `http://${hostIp}/`,
  describeCommands: 'dockenstack-stack; dockenstack-verify; dockenstack-tempest --include-list … --exclude-list …; dockenstack-collect',
};
