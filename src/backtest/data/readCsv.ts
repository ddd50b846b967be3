import { readFileSync } from "node:fs";
import { BaseError } from "../../errors/BaseError.ts";
import { CsvFormatError } from "./CsvFormatError.ts";

/** A CSV file split into its header and data lines, with the column index of every required column. */
export type CsvText = {
  file: string;
  /** Data lines (header excluded); `lines[k]` is file line `k + 2`. Blank trailing lines removed. */
  lines: string[];
  /** Column index by name, for the columns asked for. */
  columns: Record<string, number>;
  columnCount: number;
};

/** Reads a CSV with one header row and checks the `required` columns are present. */
export function readCsv(file: string, required: readonly string[]): CsvText {
  let text: string;
  try {
    text = readFileSync(file, "utf8");
  } catch (cause) {
    throw new BaseError(`cannot read ${file}`, { cause });
  }
  return splitCsv(text, file, required);
}

/** Splits CSV text (one header row) into header and data lines; `file` names it in errors. */
export function splitCsv(text: string, file: string, required: readonly string[]): CsvText {
  const lines = text.split(/\r?\n/);
  while (lines.length > 0 && lines[lines.length - 1] === "") lines.pop();
  const headerLine = lines.shift();
  if (headerLine === undefined) throw new CsvFormatError(file, 1, "empty file: expected a header row");
  const header = headerLine.split(",").map((h) => h.trim());
  const columns: Record<string, number> = {};
  for (const name of required) {
    const idx = header.indexOf(name);
    if (idx < 0) throw new CsvFormatError(file, 1, `missing column "${name}" (have: ${header.join(", ")})`);
    columns[name] = idx;
  }
  if (lines.length === 0) throw new CsvFormatError(file, 2, "no data rows");
  return { file, lines, columns, columnCount: header.length };
}

/** Parses a finite number or throws a CsvFormatError naming the line and the column. */
export function parseNumber(csv: CsvText, k: number, cells: string[], column: string): number {
  const cell = cells[csv.columns[column] as number];
  const value = cell === undefined || cell.trim() === "" ? Number.NaN : Number(cell);
  if (!Number.isFinite(value)) {
    throw new CsvFormatError(
      csv.file,
      k + 2,
      `column "${column}" is not a number: ${JSON.stringify(cell ?? "")}`,
      csv.lines[k],
    );
  }
  return value;
}
