import { expect } from 'chai';
import { chooseLanguage, dateLocale, en, isRtl, useLanguage } from '../../../widget/app/texts.js';
import { backAt } from '../../../widget/app/backAt.js';
import { WIDGET_LANGUAGES } from '../../../lib/protocol/widget.js';

describe('widget texts: the greeting with the visitor\'s name', () => {
  it('greets once: the welcome text\'s own greeting gives way to the one with the name', () => {
    expect(en.hello('Maria', 'Hi! How can we help you today?')).to.equal('Hi Maria! How can we help you today?');
    expect(en.hello('Maria', 'Hello, how can we help?')).to.equal('Hi Maria! How can we help?');
    expect(en.hello('Maria', 'Hey there! Ask us anything.')).to.equal('Hi Maria! Ask us anything.');
  });

  it('keeps a welcome text without a greeting whole, after the name', () => {
    expect(en.hello('Maria', 'How can we help you today?')).to.equal('Hi Maria! How can we help you today?');
    expect(en.hello('Maria', 'Highly skilled plumbers at your service.')).to.equal('Hi Maria! Highly skilled plumbers at your service.');
    expect(en.hello('Maria', 'Hi')).to.equal('Hi Maria!');
  });
});

describe('widget texts: which language the widget speaks', () => {
  it("follows the website's setting whatever the browser says", () => {
    expect(chooseLanguage('ar', ['en-US', 'en'])).to.equal('ar');
    expect(chooseLanguage('de', [])).to.equal('de');
  });

  it('with auto (or no setting, older websites), takes the first browser language it has, a regional tag counting as its language', () => {
    expect(chooseLanguage('auto', ['fr-CA', 'en'])).to.equal('fr');
    expect(chooseLanguage('auto', ['ja-JP', 'pt-BR', 'es-MX', 'de'])).to.equal('es');
    expect(chooseLanguage(undefined, ['AR-eg'])).to.equal('ar');
    expect(chooseLanguage('auto', ['ja', 'zh-TW'])).to.equal('en');
    expect(chooseLanguage('auto', [])).to.equal('en');
  });

  it("writes dates in the visitor's own locale when it is the widget's language, else in the widget's language", () => {
    expect(dateLocale('en', ['en-GB', 'fr'])).to.equal('en-GB');
    expect(dateLocale('fr', ['en-GB', 'fr-CA'])).to.equal('fr-CA');
    expect(dateLocale('ar', ['en-US'])).to.equal('ar');
  });

  it('has every text in every language, loaded as its own chunk; only Arabic is right to left', async () => {
    const keys = Object.keys(en).sort();
    for (const lang of WIDGET_LANGUAGES) {
      const texts = await useLanguage(lang, [lang]);
      expect(Object.keys(texts).sort(), lang).to.deep.equal(keys);
      expect(isRtl(lang), lang).to.equal(lang === 'ar');
      if (lang !== 'en') expect(texts.send, lang).to.not.equal(en.send);
    }
    expect((await useLanguage('es', ['es'])).hello('María', '¡Hola! ¿En qué podemos ayudarte?')).to.equal('¡Hola, María! ¿En qué podemos ayudarte?');
    expect((await useLanguage('fr', ['fr'])).hello('Marie', 'Bonjour, comment pouvons-nous vous aider ?')).to.equal('Bonjour Marie ! Comment pouvons-nous vous aider ?');
    await useLanguage('en', ['en']);
  });

  it('says when a closed website is back in the widget language', async () => {
    const de = await useLanguage('de', ['de-DE']);
    const now = new Date(2026, 11, 3, 20, 15); // a Thursday
    expect(backAt(new Date(2026, 11, 7, 9, 0).toISOString(), now, 'de-DE', de)).to.equal('Wir sind am Montag um 9:00 zurück.');
    expect(backAt(new Date(2026, 11, 4, 9, 0).toISOString(), now, 'de-DE', de)).to.equal('Wir sind morgen um 9:00 zurück.');
    await useLanguage('en', ['en']);
  });
});
