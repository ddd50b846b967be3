import { BaseError } from "../../errors/BaseError.ts";

/** A CSV the backtester cannot use as-is: names the file, the 1-based line and what is wrong with it. */
export class CsvFormatError extends BaseError {
  override name = "CsvFormatError";
  readonly file: string;
  readonly line: number;

  constructor(file: string, line: number, reason: string, content?: string) {
    super(`${file}:${line}: ${reason}`, {
      metaMessages: content === undefined ? [] : [`line ${line}: ${content.slice(0, 160)}`],
    });
    this.file = file;
    this.line = line;
  }
}
