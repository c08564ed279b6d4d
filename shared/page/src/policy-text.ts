// shared/page: the privacy policy's text, en and zh-CN: the five promises of the README's "Privacy and
// retention", each as the person it is about reads it, with the periods Signet keeps by default.

interface PolicySection {
  readonly heading: string;
  readonly paragraphs: readonly string[];
}

interface PolicyText {
  readonly intro: string;
  readonly sections: readonly PolicySection[];
  readonly rights: PolicySection;
}

const en: PolicyText = {
  intro:
    'Signet registers your account and proves that an email address or phone number is yours. This policy says what it keeps, why, for how long, and what you can do about it.',
  sections: [
    {
      heading: '1. We collect only what is needed',
      paragraphs: [
        'An account name, a password, an email address or a phone number, and the language of our messages. Preferences and interests are optional: you choose them from a fixed list, and nothing else can be sent to us.',
        'Your password is never stored: only a slow, salted hash of it (argon2id). Your name, email, phone, preferences and interests are encrypted one by one under a key that belongs to your account alone.',
      ],
    },
    {
      heading: '2. We keep it only as long as needed',
      paragraphs: [
        'A registration never confirmed is deleted after 24 hours. A code works for 10 minutes and only once.',
        'An account nobody signs in to for 2 years is erased; every sign-in restarts that clock. When you erase your account, its key is destroyed at once, so what was encrypted under it can never be read again. A record that an account existed (a random id, dates and the reason it ended, nothing about you) stays 90 days, then it is deleted too.',
      ],
    },
    {
      heading: '3. We keep it longer only where the law requires it',
      paragraphs: [
        'If an authority lawfully requires us to keep an account, we place a legal hold: nothing is erased until it is lifted. You see that a hold is in force on your data page, and an erasure you ask for is carried out the moment it is lifted.',
      ],
    },
    {
      heading: '4. We never share it with third parties',
      paragraphs: [
        'Your data leaves Signet only to deliver your own messages: email through Amazon SES and text messages through Amazon SNS, which process it for us and for nothing else. No analytics, no tracking, no advertising, no sale. This page loads nothing from anyone else.',
      ],
    },
    {
      heading: '5. We disclose it only on a lawful demand, and tell you',
      paragraphs: [
        'Each disclosure is recorded with the authority, the law it relied on, its reference and what was disclosed, and shown to you on your data page, unless the law forbids telling you. Every action of our operators is written to a log that cannot be changed.',
      ],
    },
  ],
  rights: {
    heading: 'What you can do',
    paragraphs: [
      'See everything we hold about you, with its purpose and until when we keep it, and download it as a file; correct your preferences, interests and language; change your email, phone or password; sign out of every device; and erase your account. All of it is on your data page after you sign in.',
    ],
  },
};

const zhCN: PolicyText = {
  intro:
    'Signet 为您注册账户，并证明某个电子邮件地址或手机号码属于您。本政策说明我们保存什么、为什么、保存多久，以及您可以做什么。',
  sections: [
    {
      heading: '1. 我们只收集必要的数据',
      paragraphs: [
        '账户名、密码、电子邮件地址或手机号码，以及我们发送消息所用的语言。偏好和兴趣是可选的：您从固定列表中选择，其他任何内容都无法发送给我们。',
        '我们从不保存您的密码，只保存它经过加盐的慢速哈希（argon2id）。您的账户名、电子邮件、手机、偏好和兴趣逐项加密，所用密钥只属于您的账户。',
      ],
    },
    {
      heading: '2. 我们只在需要的时间内保存数据',
      paragraphs: [
        '从未确认的注册会在 24 小时后删除。验证码 10 分钟内有效，且只能使用一次。',
        '连续 2 年无人登录的账户会被删除；每次登录都会重新计时。当您删除账户时，其密钥会立即销毁，用它加密的内容将永远无法再被读取。一条表明该账户曾经存在的记录（随机编号、日期和结束原因，不含任何关于您的信息）保留 90 天，然后也会删除。',
      ],
    },
    {
      heading: '3. 只有在法律要求时我们才会保存更久',
      paragraphs: [
        '如果主管机关依法要求我们保留某个账户，我们会设置法律保留：在解除之前不会删除任何内容。您可以在“我的数据”页面看到保留是否生效；您提出的删除请求会在保留解除时立即执行。',
      ],
    },
    {
      heading: '4. 我们从不与第三方共享数据',
      paragraphs: [
        '您的数据离开 Signet 只是为了向您发送消息：电子邮件通过 Amazon SES，短信通过 Amazon SNS，它们只为我们处理这些数据。没有分析，没有追踪，没有广告，也不出售。本页面不从任何其他方加载任何内容。',
      ],
    },
    {
      heading: '5. 只有在合法要求下我们才会披露，并告知您',
      paragraphs: [
        '每次披露都会记录主管机关、所依据的法律、文号以及披露的内容，并显示在您的“我的数据”页面上，除非法律禁止告知您。运营人员的每项操作都写入无法更改的日志。',
      ],
    },
  ],
  rights: {
    heading: '您可以做什么',
    paragraphs: [
      '查看我们保存的关于您的全部数据及其用途和保存期限，并下载为文件；修改偏好、兴趣和语言；更改电子邮件、手机或密码；在所有设备上退出登录；以及删除您的账户。登录后，这些都在“我的数据”页面上。',
    ],
  },
};

const POLICY_TEXT = { en, 'zh-CN': zhCN } as const;

export { POLICY_TEXT };
export type { PolicySection, PolicyText };
