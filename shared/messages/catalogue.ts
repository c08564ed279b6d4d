// shared/messages: the shape every locale's copy must have. Each locale file is one object that
// `satisfies MessageCatalogue`, so a missing or misspelt message is a compile error, not a blank email.
// Copy is plain text with `{code}`, `{minutes}` and (registration only) `{account}` slots; shared/domain/courier/render-message.ts
// fills the slots and escapes everything for HTML, so no translation ever holds markup.
import type { NoticeKind } from '../domain/ports.js';
import type { CodePurpose } from '../domain/types.js';

/** A line that must show the code: the type rejects code copy that forgets it. */
type WithCode = `${string}{code}${string}`;

/**
 * Copy of one code message. Slots: `{code}` (the digits), `{minutes}` (how long they work), `{account}`
 * (the account a registration code finishes creating, so that nobody confirms someone else's).
 */
interface CodeCopy {
  readonly email: {
    /** Never holds the code: subjects show on lock screens and in notification previews. */
    readonly subject: string;
    /** Paragraphs above the code. */
    readonly intro: readonly string[];
    /** Paragraphs below the code; `{minutes}` may appear here. */
    readonly outro: readonly string[];
  };
  /** One SMS; code first, short enough for one segment where the script allows. */
  readonly sms: WithCode;
}

/** Copy of one notice: no slots at all, so it cannot carry a code, a link or an address. */
interface NoticeCopy {
  readonly email: {
    readonly subject: string;
    readonly paragraphs: readonly string[];
  };
  readonly sms: string;
}

/** Everything the courier can say, in one language. */
interface MessageCatalogue {
  /** BCP 47 tag for the HTML `lang` attribute. */
  readonly htmlLang: string;
  /** Closing line of every email. */
  readonly signature: string;
  /** Small print under every email. */
  readonly footer: string;
  readonly codes: { readonly [P in CodePurpose]: CodeCopy };
  readonly notices: { readonly [K in NoticeKind]: NoticeCopy };
}

export type { CodeCopy, MessageCatalogue, NoticeCopy, WithCode };
