// shared/messages: Simplified Chinese copy of every code and notice. Plain text only: the courier
// escapes it for HTML. SMS texts are UCS-2, so they stay within one 70-character segment.
import type { MessageCatalogue } from './catalogue.js';

const neverShare = 'Signet 绝不会通过电话、邮件或聊天向您索要此验证码，请勿告诉任何人。';
const worksOnce = '验证码 {minutes} 分钟内有效，仅可使用一次。';

const zhCN = {
  htmlLang: 'zh-CN',
  signature: 'Signet 团队',
  footer: '此邮件由系统自动发送，请勿回复。',
  codes: {
    registration: {
      email: {
        subject: '您的 Signet 验证码',
        intro: ['请使用以下验证码完成 Signet 账户注册：'],
        outro: [
          '此验证码用于完成创建账户 {account}。如果这不是您正在创建的账户，请勿使用。',
          worksOnce,
          neverShare,
          '如果您没有注册 Signet 账户，请忽略此邮件：没有验证码，账户不会被创建。',
        ],
      },
      sms: '【Signet】{code}是创建账户{account}的验证码，{minutes}分钟内有效，勿告诉他人。',
    },
    password_reset: {
      email: {
        subject: '您的 Signet 密码重置验证码',
        intro: ['请使用以下验证码重置您的 Signet 密码：'],
        outro: [worksOnce, neverShare, '如果您没有申请重置密码，请忽略此邮件，您的密码不会改变。'],
      },
      sms: '【Signet】密码重置验证码：{code}，{minutes}分钟内有效。请勿告诉他人。',
    },
    contact_change: {
      email: {
        subject: '确认您在 Signet 的新邮箱地址',
        intro: ['请使用以下验证码，确认将此邮箱地址用于您的 Signet 账户：'],
        outro: [
          worksOnce,
          neverShare,
          '如果您没有申请更改联系方式，请忽略此邮件：没有验证码，此地址不会被添加。',
        ],
      },
      sms: '【Signet】验证码：{code}，用于确认此手机号码，{minutes}分钟内有效。请勿告诉他人。',
    },
  },
  notices: {
    registration_attempt: {
      email: {
        subject: '有人尝试使用您的邮箱地址注册',
        paragraphs: [
          '有人（可能是您本人）尝试使用此邮箱地址注册 Signet 账户。该地址已被使用，因此没有创建新账户。',
          '如果是您本人，请直接登录；如果忘记了密码，请重置密码。',
          '如果不是您本人，请忽略此邮件，您的账户没有任何变化。',
        ],
      },
      sms: '【Signet】有人（可能是您）尝试用此号码注册。如是您本人，请登录或重置密码；如不是，请忽略。',
    },
    password_changed: {
      email: {
        subject: '您的 Signet 密码已更改',
        paragraphs: [
          '您的 Signet 账户密码刚刚已更改。',
          '如果是您本人操作，无需任何处理。',
          '如果不是您本人操作，请立即重置密码：可能有他人知道您的密码。',
        ],
      },
      sms: '【Signet】您的账户密码已更改。如非本人操作，请立即重置密码。',
    },
    contact_changed: {
      email: {
        subject: '您的 Signet 联系方式已更改',
        paragraphs: [
          '您的 Signet 账户的邮箱地址或手机号码刚刚已更改，今后验证码和通知将发送到新的联系方式。',
          '如果是您本人操作，无需任何处理。',
          '如果不是您本人操作，请立即重置密码并联系 Signet 客服。',
        ],
      },
      sms: '【Signet】您的账户联系方式已更改。如非本人操作，请立即重置密码并联系客服。',
    },
    account_erased: {
      email: {
        subject: '您的 Signet 账户已删除',
        paragraphs: [
          '您的 Signet 账户及其包含的个人数据已被删除。',
          '这是我们发送到此地址的最后一封邮件。',
          '如果您没有申请删除，请立即联系 Signet 客服。',
        ],
      },
      sms: '【Signet】您的账户及其数据已被删除。这是我们发送到此号码的最后一条短信。',
    },
    session_revoked: {
      email: {
        subject: '为了您的安全，一个 Signet 会话已被结束',
        paragraphs: [
          '您的 Signet 账户的一个会话刚刚已被结束：同一次登录在两个地方被使用，这通常意味着他人持有其副本。',
          '您可能需要在该应用中重新登录。',
          '如果这不在您的预料之中，请更改密码并在所有设备上退出登录。',
        ],
      },
      sms: '【Signet】为了您的安全，您账户的一个会话已被结束。如非预期，请更改密码并退出所有登录。',
    },
  },
} as const satisfies MessageCatalogue;

export { zhCN };
