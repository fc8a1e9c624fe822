exports.handler = async () => 'from cjs';
