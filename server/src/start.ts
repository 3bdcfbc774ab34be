/** The entry point of the server bundle, started by the extension or an editor. */
import { startServer } from './server';

startServer();
