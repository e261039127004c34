/**
 * The Jupyter display message every notebook back end sends (tslab's, Deno's), apart from
 * the back ends so that they and their chooser (./notebook-display.ts) share it without a circle.
 */
/** The content of a Jupyter `display_data` / `update_display_data` message. */
export interface DisplayMessage {
  /** Output by MIME type, e.g. `text/html`, `text/plain`, `application/vnd.plotly.v1+json`. */
  data: Record<string, unknown>;
  metadata: Record<string, unknown>;
  /** `display_id` ties later updates to this output. */
  transient?: { display_id?: string };
}

/** Sends a display message; `update` sends `update_display_data` for `transient.display_id`. */
export type DisplayWriter = (message: DisplayMessage, update: boolean) => void;
