import { dropDatabase, OWN_TEST_DATABASE, recreateDatabase, TEST_DATABASE_URL } from "./test-database";

export default async function setup() {
  await recreateDatabase(TEST_DATABASE_URL);
  return async () => {
    if (OWN_TEST_DATABASE) await dropDatabase(TEST_DATABASE_URL);
  };
}
