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

/**
 * A button a module adds to a saved document's form (`documentActions` of defineModule, e.g. ЭДО's «Отправить по ЭДО»
 * on a posted Реализация), as `/api/<module>/meta` lists it under `documents[].moduleActions`: for the companies that
 * have `module` and the users its permission allows. The form POSTs `{ id }` to `route` on a document in one of
 * `statuses` and gets a DocumentActionAnswer.
 */
export interface ModuleAction {
  module: string;
  code: string;
  title: string;
  titleEn: string;
  route: string;
  statuses: string[];
}

/** What a documentActions route answers: the form opens `open` (a page of the app) or shows `message`. */
export interface DocumentActionAnswer {
  message?: string;
  open?: string;
}
