// shared/page: `npm run build:page`: builds the page into dist/page (or the folder given) and says where.
import { buildPage } from './build.js';

const outDir = process.argv[2];
const built = await buildPage(outDir === undefined ? {} : { outDir });
process.stdout.write(`page built: ${built.files.join(', ')} in ${built.outDir}\n`);
