import { UserRow, type UserRowData } from "./user-row";

export function UsersTable({ users, currentUserId }: { users: UserRowData[]; currentUserId: string }) {
  return (
    <table className="w-full max-w-5xl text-left text-sm">
      <thead className="text-stone-600">
        <tr>
          <th className="py-2 pr-4 font-medium">Email</th>
          <th className="py-2 pr-4 font-medium">Name</th>
          <th className="py-2 pr-4 font-medium">Role</th>
          <th className="py-2 pr-4 font-medium">Created</th>
          <th className="py-2 font-medium">Password</th>
        </tr>
      </thead>
      <tbody>
        {users.map((user) => (
          <UserRow key={user.id} user={user} isYou={user.id === currentUserId} />
        ))}
      </tbody>
    </table>
  );
}
