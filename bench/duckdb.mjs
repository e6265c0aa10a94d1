// duckdb.mjs - the NPS-by-region job in DuckDB, a peer for bench/run.sh.
//   node duckdb.mjs FILE THREADS   (needs @duckdb/node-api, installed by run.sh)
import { DuckDBInstance } from '@duckdb/node-api';
const [file, threads] = process.argv.slice(2);
const db = await DuckDBInstance.create(':memory:', { threads: threads || '2' });
const c = await db.connect();
const r = await c.runAndReadAll(`SELECT region, count(nps) AS n,
  round(100.0 * (count_if(nps >= 9) - count_if(nps <= 6)) / count(nps), 2) AS nps
  FROM read_csv('${file}', header = true, columns = {'respondent_id':'VARCHAR','date':'VARCHAR','region':'VARCHAR','plan':'VARCHAR','nps':'INTEGER','csat':'INTEGER','weight':'DOUBLE','comment':'VARCHAR'})
  GROUP BY region ORDER BY region`);
console.log('region,n,nps');
for (const row of r.getRows()) console.log(row.map(String).join(','));
