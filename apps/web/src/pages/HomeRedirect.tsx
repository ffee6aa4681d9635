import { Navigate } from 'react-router';
import { useUser } from '../auth/AuthProvider';
import { homeOf } from '../auth/permissions';

export function HomeRedirect() {
  return <Navigate to={homeOf(useUser().role)} replace />;
}
