import { recreateDatabase, TEST_DATABASE_URL } from "./test-database";

export default async function setup() {
  await recreateDatabase(TEST_DATABASE_URL);
}
