export const handler = async () => 'from mjs';
