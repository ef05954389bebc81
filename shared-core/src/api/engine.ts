/**
 * A button of a document's form that fills a table from the module's own route (1C «Заполнить»): declared in
 * `defineDocument({ formActions })`, sent to the UI in `/api/<module>/meta`. The form POSTs the header fields of
 * `needs` (as the API takes them) with the user's credentials, and the answer's array `fills` replaces the lines
 * of the section `fills` — asked first when it has lines; nothing is saved, the person reviews and saves.
 */
export interface FormAction {
  /** Latin code, unique in the document. */
  code: string;
  title: string;
  titleEn?: string;
  /** The module's own route, `/api/<module>/…`, answering POST with `{ <fills>: [lines] }`. */
  route: string;
  /** Header fields sent to the route; the button is disabled until they are filled. */
  needs: string[];
  /** The tabular section whose lines the answer replaces. */
  fills: string;
}
