import { BaseError } from "../../errors/BaseError.ts";

/** A study worker thread failed on a grid cell (or exited before finishing its work). */
export class StudyWorkerError extends BaseError {
  override name = "StudyWorkerError";
}
