import { BaseError } from "../errors/BaseError.ts";

/** The metrics port could not be bound (another keeper on the same config, or another server). */
export class MetricsPortError extends BaseError {
  override name = "MetricsPortError";
  constructor(port: number, cause: unknown) {
    const code = (cause as { code?: string } | undefined)?.code;
    super(
      code === "EADDRINUSE"
        ? `Metrics port 127.0.0.1:${port} is in use (another keeper on this config?): set metrics.port or --metrics-port`
        : `Cannot listen on metrics port 127.0.0.1:${port}`,
      { cause },
    );
  }
}
