import i18next, { type i18n as I18n } from 'i18next';
import { initReactI18next } from 'react-i18next';

/** Strings every screen uses; each app adds its own namespace with `addTranslations`. */
const common = {
  ru: {
    save: 'Сохранить',
    cancel: 'Отмена',
    create: 'Создать',
    delete: 'Удалить',
    edit: 'Изменить',
    close: 'Закрыть',
    retry: 'Повторить',
    search: 'Поиск',
    loading: 'Загрузка…',
    nothingFound: 'Ничего не найдено',
    empty: 'Пока здесь пусто',
    error: 'Что-то пошло не так',
    required: 'Заполните поле',
    invalidEmail: 'Укажите e-mail в формате name@company.ru',
    invalidNumber: 'Введите число',
    invalidMoney: 'Введите сумму, например 1 900,00',
    tooShort: 'Не короче {{min}} символов',
    invalidDate: 'Введите дату',
    yes: 'Да',
    no: 'Нет',
    actions: 'Действия',
    noAccess: 'Недостаточно прав для этого раздела. Обратитесь к администратору компании.',
    moduleCrashed: 'Не удалось загрузить модуль «{{title}}»',
    moduleCrashedText: 'В разделе произошла ошибка. Остальные разделы работают.',
  },
  en: {
    save: 'Save',
    cancel: 'Cancel',
    create: 'Create',
    delete: 'Delete',
    edit: 'Edit',
    close: 'Close',
    retry: 'Retry',
    search: 'Search',
    loading: 'Loading…',
    nothingFound: 'Nothing found',
    empty: 'Nothing here yet',
    error: 'Something went wrong',
    required: 'Required',
    invalidEmail: 'Enter an e-mail like name@company.com',
    invalidNumber: 'Enter a number',
    invalidMoney: 'Enter an amount, e.g. 1,900.00',
    tooShort: 'At least {{min}} characters',
    invalidDate: 'Enter a date',
    yes: 'Yes',
    no: 'No',
    actions: 'Actions',
    noAccess: 'You have no rights for this section. Ask your company administrator.',
    moduleCrashed: 'Could not load the module “{{title}}”',
    moduleCrashedText: 'This section failed. Everything else keeps working.',
  },
};

const LANG_KEY = 'wc.lang';

/** Creates the page's i18next instance (the shell does it once and passes it to every module). */
export function createI18n(): I18n {
  const saved = typeof localStorage !== 'undefined' ? localStorage.getItem(LANG_KEY) : null;
  const instance = i18next.createInstance();
  instance.use(initReactI18next).init({
    lng: saved === 'en' ? 'en' : 'ru',
    fallbackLng: 'ru',
    defaultNS: 'common',
    ns: ['common'],
    resources: { ru: { common: common.ru }, en: { common: common.en } },
    interpolation: { escapeValue: false },
    initAsync: false,
  });
  instance.on('languageChanged', (lng) => {
    localStorage.setItem(LANG_KEY, lng);
    document.documentElement.lang = lng;
  });
  return instance;
}

/** Adds an app's strings under its own namespace, e.g. addTranslations(i18n, 'admin', {ru, en}). */
export function addTranslations(i18n: I18n, ns: string, bundles: { ru: Record<string, unknown>; en: Record<string, unknown> }): void {
  i18n.addResourceBundle('ru', ns, bundles.ru, true, true);
  i18n.addResourceBundle('en', ns, bundles.en, true, true);
}
