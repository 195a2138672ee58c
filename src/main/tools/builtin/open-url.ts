import { z } from 'zod';
import type { OpenExternalPort } from '../ports';
import { defineTool, ToolError, type Tool } from '../tool';

/**
 * Only web pages: javascript:, file:, data:, custom app schemes and the like could run code or
 * open local files through the OS handler, so they are refused outright.
 */
export function checkWebUrl(raw: string): URL {
  let url: URL;
  try {
    url = new URL(raw.trim());
  } catch {
    throw new ToolError(`not a valid absolute URL: ${raw.slice(0, 200)}`);
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    throw new ToolError(`only http and https URLs can be opened (got '${url.protocol}')`);
  }
  if (url.username || url.password) throw new ToolError('URLs with embedded credentials are not opened');
  if (!url.hostname) throw new ToolError('URL has no host');
  return url;
}

export function createOpenUrlTool(port: OpenExternalPort): Tool {
  return defineTool({
    name: 'open_url',
    description: 'Open a web page (http or https URL) in the user\'s default browser.',
    risk: 'write',
    schema: z.object({ url: z.string().min(1).max(2048).describe('absolute http(s) URL') }),
    summarize: ({ url }) => `Open ${url} in the browser`,
    async execute({ url }) {
      const checked = checkWebUrl(url);
      await port.openExternal(checked.href);
      return { opened: checked.href };
    },
  });
}
