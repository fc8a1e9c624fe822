exports.main = async () => 'from subdirectory';
