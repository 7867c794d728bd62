/** The privacy notice: what personal data is kept, where, for how long and who sees it; open to anyone. */
export const PRIVACY_PATH = '/privacy';
