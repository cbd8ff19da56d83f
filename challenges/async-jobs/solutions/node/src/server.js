const { createApp } = require('./app');
const jobs = require('./jobs');

const port = Number(process.env.PORT || 8000);
createApp(jobs.connect()).listen(port, '127.0.0.1', () => console.log(`listening on ${port}`));
