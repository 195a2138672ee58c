import type { ToolPorts, ToolSettingsAccessor } from '../ports';
import type { Tool } from '../tool';
import { createClipboardTools } from './clipboard';
import { createDatetimeTool } from './datetime';
import { createNotesTools, NotesFile, NOTES_FILE_NAME } from './notes';
import { createOpenPathTool } from './open-path';
import { createOpenUrlTool } from './open-url';
import { createReadTextFileTool } from './read-text-file';
import { createRunCommandTool } from './run-command';
import { createSystemInfoTool } from './system-info';
import path from 'node:path';

/** All built-in tools, wired to the desktop through `ports` and following the live settings. */
export function createBuiltinTools(ports: ToolPorts, settings: ToolSettingsAccessor): Tool[] {
  const allowedFolders = (): string[] => settings.get().tools.allowedFolders;
  const notes = new NotesFile(path.join(ports.dataDir, NOTES_FILE_NAME));
  return [
    createDatetimeTool(),
    ...createClipboardTools(ports.clipboard),
    createOpenUrlTool(ports.openExternal),
    createOpenPathTool(ports.openPath, allowedFolders),
    createSystemInfoTool(ports.system),
    ...createNotesTools(notes),
    createReadTextFileTool(allowedFolders),
    createRunCommandTool(settings),
  ];
}
