import { HEADER } from './police-uk.js';

/** Police.uk-format street-level rows for tests and the benchmark: mostly ASB, some other crime. */
export function policeUkCsv(rows: number, seed = 1, month = '2026-09'): string {
  let s = seed;
  const r = () => ((s = (s * 1103515245 + 12345) & 0x7fffffff) / 0x7fffffff);
  const streets = ['High Street', 'Station Road', 'Canal Street', 'Elm Court', 'Mill Lane', 'Park Road', 'Chapel Walk', 'Victoria Road'];
  const types = ['Anti-social behaviour', 'Anti-social behaviour', 'Anti-social behaviour', 'Criminal damage and arson', 'Violence and sexual offences', 'Public order'];
  const out = [HEADER.join(',')];
  for (let i = 0; i < rows; i++) {
    const t = types[Math.floor(r() * types.length)];
    const lsoa = 14399 + Math.floor(r() * 40);
    const crimeId = t === 'Anti-social behaviour' ? '' : createId(r);
    out.push(
      `${crimeId},${month},Riverside Police,Riverside Police,${(-2.25 + r() * 0.1).toFixed(6)},${(53.47 + r() * 0.06).toFixed(6)},On or near ${streets[Math.floor(r() * streets.length)]},E0${lsoa},Riverside ${String(lsoa % 100).padStart(3, '0')}A,${t},${t === 'Anti-social behaviour' ? '' : 'Under investigation'},`,
    );
  }
  return `${out.join('\n')}\n`;
}

function createId(r: () => number) {
  return Array.from({ length: 64 }, () => '0123456789abcdef'[Math.floor(r() * 16)]).join('');
}
