// How a user reaches a stack that is up: the admin's credentials as clouds.yaml (for
// `openstack --os-cloud dockenstack`) and as an openrc to source, both naming keystone at the
// stack's address. Pure text: `up` writes them, the container gets the openrc for `exec`.

export interface StackAccess {
  /** Keystone's v3 URL. */
  readonly authUrl: string;
  readonly adminPassword: string;
  readonly region: string;
}

/** The cloud name clouds.yaml defines. */
export const CLOUD_NAME = 'dockenstack';

export function renderCloudsYaml(access: StackAccess): string {
  return [
    '# Written by `dockenstack up`: the stack\'s admin. Holds its password: keep it to yourself.',
    'clouds:',
    `  ${CLOUD_NAME}:`,
    '    auth:',
    `      auth_url: ${yamlString(access.authUrl)}`,
    '      username: admin',
    `      password: ${yamlString(access.adminPassword)}`,
    '      project_name: admin',
    '      user_domain_id: default',
    '      project_domain_id: default',
    `    region_name: ${yamlString(access.region)}`,
    '    identity_api_version: 3',
    '    interface: public',
    '',
  ].join('\n');
}

export function renderOpenrc(access: StackAccess): string {
  const lines = {
    OS_AUTH_URL: access.authUrl,
    OS_USERNAME: 'admin',
    OS_PASSWORD: access.adminPassword,
    OS_PROJECT_NAME: 'admin',
    OS_USER_DOMAIN_ID: 'default',
    OS_PROJECT_DOMAIN_ID: 'default',
    OS_IDENTITY_API_VERSION: '3',
    OS_REGION_NAME: access.region,
    OS_INTERFACE: 'public',
  };
  return [
    '# Written by `dockenstack up`: source it for the stack\'s admin. Holds its password.',
    ...Object.entries(lines).map(([name, value]) => `export ${name}=${shellQuote(value)}`),
    '',
  ].join('\n');
}

/** Single-quoted for sh: nothing inside expands. */
function shellQuote(value: string): string {
  return `'${value.replaceAll("'", "'\\''")}'`;
}

/** A YAML double-quoted scalar (JSON's string syntax is a subset of it). */
function yamlString(value: string): string {
  return JSON.stringify(value);
}
